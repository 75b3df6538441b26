import Typography from '@material-ui/core/Typography';
import {
  TemplateParameter,
  TemplateSize,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import { ParameterFormValues } from '../../lib/parameters';
import { ParameterField, StoredSecret } from './ParameterField';
import { SizePicker } from './SizePicker';

export interface TemplateFieldsProps {
  /** The parameters to offer, in the template's order. */
  parameters: TemplateParameter[];
  values: ParameterFormValues;
  /** Messages keyed by parameter name; only those to show now. */
  parameterErrors: Record<string, string | undefined>;
  onParameterChange: (name: string, value: string | boolean) => void;
  onParameterBlur?: (name: string) => void;
  /** Changing a running sandbox: what each secret parameter holds now. */
  storedSecrets?: Record<string, StoredSecret>;
  sizes: TemplateSize[];
  size: string;
  sizeError?: string;
  onSizeChange: (size: string) => void;
}

/**
 * What a template lets a sandbox choose: a field per parameter, then the
 * size. The create and change dialogs both lay them out with it.
 */
export function TemplateFields(props: TemplateFieldsProps) {
  const { parameters, values, parameterErrors, sizes } = props;
  return (
    <>
      {parameters.map(p => (
        <ParameterField
          key={p.name}
          parameter={p}
          value={values[p.name]}
          error={parameterErrors[p.name]}
          stored={props.storedSecrets?.[p.name]}
          onChange={value => props.onParameterChange(p.name, value)}
          onBlur={() => props.onParameterBlur?.(p.name)}
        />
      ))}
      {sizes.length > 0 && (
        <>
          <SizePicker
            sizes={sizes}
            value={props.size}
            onChange={props.onSizeChange}
          />
          {props.sizeError && (
            <Typography color="error" variant="body2" role="alert">
              {props.sizeError}
            </Typography>
          )}
        </>
      )}
    </>
  );
}
