export { loadCalendar, loadOverrides } from './load';
export { createWorkCalendar, type CalendarOverrides } from './work-calendar';
export * from './types';
