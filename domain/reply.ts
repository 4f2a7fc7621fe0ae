/**
 * Channel-neutral replies. The console prints options as a numbered list; Lark renders them as buttons.
 * `action` is an opaque string that comes back when the option is chosen (console: typing its number;
 * Lark: a button press). It must be short (< 200 chars) and never trusted: handlers re-validate it.
 */
export interface ReplyOption {
  label: string;
  action: string;
}

export interface Reply {
  text: string;
  options?: ReplyOption[];
}

export function textReply(text: string, options?: ReplyOption[]): Reply {
  return options && options.length > 0 ? { text, options } : { text };
}

/**
 * The option whose label was typed (“已整改” for the button 已整改, “门户网站” for “1. 门户网站”), as pressing it.
 * Only a whole label, so typed answers that merely contain one stay text.
 */
export function optionByLabel(options: readonly ReplyOption[], typed: string): ReplyOption | undefined {
  const t = typed.replace(/\s+/g, '');
  if (t === '') return undefined;
  return options.find((o) => {
    // "✓ 系统开发" (a ticked option of a multiple-choice question) is typed as 系统开发.
    const label = o.label.replace(/\s+/g, '').replace(/^✓/, '');
    return label === t || label.replace(/^\d{1,2}[.、]/, '') === t;
  });
}
