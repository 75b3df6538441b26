export { TemplateFields } from './TemplateFields';
export type { TemplateFieldsProps } from './TemplateFields';
export type { StoredSecret } from './ParameterField';
