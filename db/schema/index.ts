export * from './org';
export * from './calendar';
export * from './messaging';
export * from './audit';
