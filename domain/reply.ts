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
