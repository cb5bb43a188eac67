export interface ActionFormProps {
  action: string;
  /** The button's words, also its accessible name: `Retry the compensations`. */
  label: string;
  /** The field's name in the form body: the API's own (`reason` for cancel, `note` otherwise). */
  field: 'reason' | 'note';
  /** The field's label: what the person is asked to write. */
  prompt: string;
  /** Asked in a confirm dialog before the form is sent (client script; without it the form still works). */
  confirm: string;
  csrf: string;
  /** A unique prefix for the field's id, so several forms fit on one page. */
  id: string;
  danger?: boolean;
}

/**
 * One operator action: a POST form with the session's CSRF token and a required reason or note,
 * recorded with the action in the saga's history (and the incident). A labelled field and a
 * real button, so it works from the keyboard and with a screen reader, and without the script.
 */
export function ActionForm({ action, label, field, prompt, confirm, csrf, id, danger }: ActionFormProps) {
  return (
    <form class="action" method="post" action={action} data-confirm={confirm}>
      <input type="hidden" name="_csrf" value={csrf} />
      <label for={`${id}-${field}`}>{prompt}</label>
      <textarea id={`${id}-${field}`} name={field} required maxLength={2000} rows={2} />
      <button type="submit" class={danger ? 'danger' : undefined}>
        {label}
      </button>
    </form>
  );
}
