import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { TemplateSize } from '@sandboxkit/backstage-plugin-sandboxes-common';

/** "api: 3 copies, 1 CPU, 1Gi memory each" for each component of a size. */
export function describeSize(size: TemplateSize): string {
  return Object.entries(size.components)
    .map(([component, c]) => {
      const copies = `${c.replicas} ${c.replicas === 1 ? 'copy' : 'copies'}`;
      const resources = [
        c.cpu && `${c.cpu} CPU`,
        c.memory && `${c.memory} memory`,
      ]
        .filter(Boolean)
        .join(', ');
      return resources
        ? `${component}: ${copies}, ${resources} each`
        : `${component}: ${copies}`;
    })
    .join(' · ');
}

export function SizePicker(props: {
  sizes: TemplateSize[];
  value: string;
  onChange: (size: string) => void;
}) {
  return (
    <FormControl component="fieldset" margin="dense">
      <FormLabel component="legend">Size</FormLabel>
      <RadioGroup
        aria-label="Size"
        value={props.value}
        onChange={e => props.onChange(e.target.value)}
      >
        {props.sizes.map(size => (
          <FormControlLabel
            key={size.name}
            value={size.name}
            control={<Radio color="primary" />}
            label={
              <span>
                <Typography component="span">
                  {size.name}
                  {size.description ? ` — ${size.description}` : ''}
                </Typography>
                <Typography
                  component="span"
                  variant="caption"
                  color="textSecondary"
                  display="block"
                >
                  {describeSize(size)}
                </Typography>
              </span>
            }
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
}
