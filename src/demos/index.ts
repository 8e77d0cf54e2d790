export * from './types';
export { runDemo, runAllDemos, isPattern, type RunDemoOptions } from './runner';
export { demoMarkdown, demoJson, formatDemoText, formatSummaryText, formatLine, textTable } from './format';
