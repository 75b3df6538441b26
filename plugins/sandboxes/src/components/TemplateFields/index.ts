export { TemplateFields } from './TemplateFields';
export type { TemplateFieldsProps } from './TemplateFields';
