import fc from 'fast-check';

/**
 * Wrongly typed payloads: a field the parser requires gets a value of another JSON type, or goes
 * missing. Only fields whose schema is checked are mutated, so every mutation must be refused —
 * a mutated payload that is accepted is a gap in the parser, not noise.
 */
export type Path = readonly string[];

export type Mutation = { path: Path; value: unknown } | { path: Path; remove: true };

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Any JSON value whose type differs from `original`'s. */
export function otherTypeThan(original: unknown): fc.Arbitrary<unknown> {
  const candidates = [
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
  ];
  return fc.oneof(...candidates).filter((v) => typeOf(v) !== typeOf(original) && !(typeOf(original) === 'number' && typeOf(v) === 'number'));
}

export function get(target: any, path: Path): unknown {
  return path.reduce((node, key) => node?.[key], target);
}

/** A deep copy of `payload` with one mutation applied. */
export function mutated<T>(payload: T, mutation: Mutation): T {
  const copy = structuredClone(payload) as any;
  const parent = get(copy, mutation.path.slice(0, -1)) as Record<string, unknown>;
  const key = mutation.path[mutation.path.length - 1]!;
  if ('remove' in mutation) delete parent[key];
  else parent[key] = mutation.value;
  return copy;
}

/**
 * Mutations of `payload`: a `required` field gets a value of another type or is removed; an
 * `optional` one (typed when present) only gets a value of another type.
 */
export function mutations(payload: unknown, required: readonly Path[], optional: readonly Path[] = []): fc.Arbitrary<Mutation> {
  const retyped = (path: Path) => otherTypeThan(get(payload, path)).map((value): Mutation => ({ path, value }));
  return fc.oneof(
    fc.constantFrom(...required).chain((path) => fc.oneof(retyped(path), fc.constant<Mutation>({ path, remove: true }))),
    ...(optional.length ? [fc.constantFrom(...optional).chain(retyped)] : []),
  );
}
