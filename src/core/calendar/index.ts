export { loadCalendar } from './load';
export { createWorkCalendar, type CalendarOverrides } from './work-calendar';
export * from './types';
