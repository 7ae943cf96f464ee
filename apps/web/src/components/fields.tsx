import { type ReactNode, type Ref, useId } from 'react';
import { useTranslation } from 'react-i18next';

type Common = {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  /** A doubt worth telling that does not stop saving, e.g. a PINFL whose check digit fails. */
  warning?: string | undefined;
  required?: boolean;
};

function describedBy(id: string, hint?: string, error?: string, warning?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`, warning && `${id}-warning`].filter(Boolean).join(' ') || undefined;
}

function FieldText({
  id,
  hint,
  error,
  warning,
}: {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
  warning?: string | undefined;
}) {
  return (
    <>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {warning && (
        <p className="field__warning" id={`${id}-warning`}>
          {warning}
        </p>
      )}
    </>
  );
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <label className="field__label" htmlFor={id}>
      {label}
      {!required && <span className="field__optional"> {t('common.optional')}</span>}
    </label>
  );
}

type TextFieldProps = Common & {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  type?: 'text' | 'password' | 'tel';
  autoComplete?: string;
  name?: string;
  inputMode?: 'text' | 'tel' | 'numeric' | 'decimal';
  placeholder?: string;
  maxLength?: number;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
};

export function TextField({
  label,
  error,
  hint,
  warning,
  required,
  value,
  onChange,
  onBlur,
  type = 'text',
  autoComplete,
  name,
  inputMode,
  placeholder,
  maxLength,
  inputRef,
  className,
}: TextFieldProps) {
  const id = useId();
  return (
    <div className={['field', error && 'field--invalid', className].filter(Boolean).join(' ')}>
      <Label id={id} label={label} required={required} />
      <FieldText id={id} hint={hint} error={error} warning={warning} />
      <input
        ref={inputRef}
        id={id}
        name={name}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        required={required}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        placeholder={placeholder}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error, warning)}
      />
    </div>
  );
}

type TextAreaFieldProps = Common & { value: string; onChange: (value: string) => void; rows?: number; maxLength?: number };

export function TextAreaField({ label, error, hint, required, value, onChange, rows = 3, maxLength }: TextAreaFieldProps) {
  const id = useId();
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <Label id={id} label={label} required={required} />
      <FieldText id={id} hint={hint} error={error} />
      <textarea
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        rows={rows}
        maxLength={maxLength}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

type RadioGroupProps = Common & {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
};

/** A choice among a few options, all in view: a fieldset of radio buttons. */
export function RadioGroup({ label, error, hint, value, onChange, options }: RadioGroupProps) {
  const id = useId();
  return (
    <fieldset className={error ? 'field fieldset field--invalid' : 'field fieldset'} aria-describedby={describedBy(id, hint, error)}>
      <legend className="field__label">{label}</legend>
      <FieldText id={id} hint={hint} error={error} />
      <div className="checks checks--inline">
        {options.map((option) => (
          <label key={option.value} className="check">
            <input type="radio" name={id} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

type SelectFieldProps = Common & {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  options: { value: string; label: string }[];
  /** The text of an empty first choice; without it the select always holds a value. */
  placeholder?: string;
  disabled?: boolean;
};

export function SelectField({ label, error, hint, required, value, onChange, onBlur, options, placeholder, disabled }: SelectFieldProps) {
  const id = useId();
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <Label id={id} label={label} required={required} />
      <FieldText id={id} hint={hint} error={error} />
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        required={required}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type CheckboxGroupProps = Common & {
  values: readonly string[];
  onChange: (values: string[]) => void;
  options: { value: string; label: string }[];
  columns?: boolean;
};

export function CheckboxGroup({ label, error, hint, values, onChange, options, columns }: CheckboxGroupProps) {
  const id = useId();
  const toggle = (value: string, checked: boolean) =>
    onChange(checked ? [...values, value] : values.filter((existing) => existing !== value));
  return (
    <fieldset className={error ? 'field fieldset field--invalid' : 'field fieldset'} aria-describedby={describedBy(id, hint, error)}>
      <legend className="field__label">{label}</legend>
      <FieldText id={id} hint={hint} error={error} />
      <div className={columns ? 'checks checks--columns' : 'checks'}>
        {options.map((option) => (
          <label key={option.value} className="check">
            <input
              type="checkbox"
              checked={values.includes(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The general message of a failed form, read out at once. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="notice notice--error" role="alert">
      {message}
    </div>
  );
}

export function StatusMessage({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice--success" role="status">
      {children}
    </div>
  );
}
