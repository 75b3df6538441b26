/** A text field's layout and its message: the refusal or problem under it, else the hint. */
export function fieldProps(
  errors: Record<string, string>,
  name: string,
  hint?: string,
) {
  return {
    fullWidth: true,
    margin: 'dense' as const,
    variant: 'outlined' as const,
    error: Boolean(errors[name]),
    helperText: errors[name] ?? hint,
  };
}
