export * from './org';
export * from './calendar';
export * from './messaging';
export * from './audit';
export * from './leave';
export * from './dingtalk';
export * from './supervision';
export * from './reminders';
