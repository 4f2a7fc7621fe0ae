/**
 * Is a chat message a question (问句)? Used by the router so a policy question works anywhere, while a free-text
 * answer inside a dialogue ("已定级，三级", "2016-07-05") is not mistaken for one.
 */
const CN_QUESTION =
  /[？?]|吗|什么|啥|哪|几[天号月点个份轮种项次时日周年]|几$|怎么|怎样|如何|为什么|为啥|谁|多少|多久|是否|能否|可否|是不是|要不要|能不能|可不可以|有没有|需不需要|用不用|算不算|会不会|请问|咋|呢$/;
const EN_QUESTION = /^(when|what|where|who|whom|whose|which|why|how|is|are|can|could|do|does|did|should|shall|will|would|may|must)\b/i;
/** Words that contain a question character without asking anything. */
const NOT_QUESTION = /几乎|哪怕|什么的|谁知|怎么样都|不管怎么/g;

export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (EN_QUESTION.test(t)) return true;
  return CN_QUESTION.test(t.replace(NOT_QUESTION, ''));
}
