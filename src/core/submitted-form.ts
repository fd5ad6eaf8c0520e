/**
 * A submitted form as the read-only record of what was submitted: the card the form was on, with
 * the form replaced by what was entered, the filling hints left off and the outcome below, so the
 * card itself confirms the submission (not only a passing toast) and cannot be submitted twice.
 */
import { md, type Block, type Card, type FormInput } from './messages';

/** What a person sees for a value: a select's option label, otherwise the text as entered. */
const shown = (input: FormInput, value: string) => input.options?.find((o) => o.value === value)?.label ?? value;

export function submittedFormCard(form: Card, values: Record<string, string>, outcome: string): Card {
  const blocks = form.blocks.flatMap((block): Block[] => {
    if (block.type === 'note' || block.type === 'buttons') return [];
    if (block.type !== 'form') return [block];
    const fields = block.inputs
      .filter((input) => values[input.name]?.trim())
      .map((input) => ({ label: input.label, value: shown(input, values[input.name]!.trim()) }));
    return fields.length ? [{ type: 'fields', fields }] : [];
  });
  return { title: `${form.title}（已提交）`, colour: 'green', blocks: [...blocks, { type: 'note', text: md`✅ ${outcome}` }] };
}
