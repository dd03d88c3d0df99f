// The message under a field that the core (or the field itself) found wrong. Every inline
// error in the studio is one of these, so tests and people find them the same way.
export function FieldError({ messages }: { messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-error" role="alert" data-testid="field-error">
      {messages.join(' · ')}
    </div>
  );
}
