// An on/off switch: a checkbox with the role and look of a switch.
interface Props {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  testId?: string;
  disabled?: boolean;
}

export function Switch({ checked, onChange, label, testId, disabled }: Props) {
  return (
    <label className="switch" title={label}>
      <input
        type="checkbox"
        role="switch"
        aria-label={label}
        aria-checked={checked}
        checked={checked}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="switch-track" aria-hidden="true" />
    </label>
  );
}
