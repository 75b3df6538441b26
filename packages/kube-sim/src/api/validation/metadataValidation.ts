import type { StatusCause } from '../../errors/StatusError';
import { isObject } from '../../util/json';
import { forbiddenField, invalidValue, required, tooLong } from './fieldErrors';
import { labelValueErrors, qualifiedNameErrors } from './syntaxRules';

/** ValidateLabels (apimachinery apis/meta/v1/validation): every key a qualified name, every value a label value; the field is the map's. */
export function labelCauses(labels: unknown, field: string): StatusCause[] {
  if (!isObject(labels)) return [];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const message of qualifiedNameErrors(key))
      causes.push(invalidValue(field, key, message));
    for (const message of labelValueErrors(String(value)))
      causes.push(invalidValue(field, String(value), message));
  }
  return causes;
}

/** TotalAnnotationSizeLimitB (apimachinery api/validation/objectmeta.go): 256 KiB of keys and values. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** ValidateAnnotations: keys are qualified names (case-insensitive), keys and values total at most 256 KiB. */
export function annotationCauses(
  annotations: unknown,
  field: string,
): StatusCause[] {
  if (!isObject(annotations)) return [];
  const causes: StatusCause[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const message of qualifiedNameErrors(key.toLowerCase()))
      causes.push(invalidValue(field, key, message));
    size += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  if (size > ANNOTATIONS_MAX_BYTES)
    causes.push(tooLong(field, ANNOTATIONS_MAX_BYTES));
  return causes;
}

/** The labels and annotations of an object's or a template's metadata. */
export function objectMetaCauses(
  metadata: unknown,
  field: string,
): StatusCause[] {
  if (!isObject(metadata)) return [];
  return [
    ...labelCauses(metadata.labels, `${field}.labels`),
    ...annotationCauses(metadata.annotations, `${field}.annotations`),
  ];
}

/** ValidateLabelSelector and ValidateLabelSelectorRequirement. */
export function labelSelectorCauses(
  selector: unknown,
  field: string,
): StatusCause[] {
  if (!isObject(selector)) return [];
  const causes = labelCauses(selector.matchLabels, `${field}.matchLabels`);
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  expressions.forEach((expression: unknown, i) => {
    if (!isObject(expression)) return;
    const path = `${field}.matchExpressions[${i}]`;
    const values = Array.isArray(expression.values) ? expression.values : [];
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          causes.push(
            required(
              `${path}.values`,
              "must be specified when `operator` is 'In' or 'NotIn'",
            ),
          );
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          causes.push(
            forbiddenField(
              `${path}.values`,
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        causes.push(
          invalidValue(
            `${path}.operator`,
            String(expression.operator ?? ''),
            'not a valid selector operator',
          ),
        );
    }
    for (const message of qualifiedNameErrors(String(expression.key ?? '')))
      causes.push(
        invalidValue(`${path}.key`, String(expression.key ?? ''), message),
      );
    values.forEach((value: unknown, j) => {
      for (const message of labelValueErrors(String(value)))
        causes.push(
          invalidValue(`${path}.values[${j}]`, String(value), message),
        );
    });
  });
  return causes;
}
