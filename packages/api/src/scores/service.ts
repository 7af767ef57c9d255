// Conversation scores (Langfuse-style): score configs, recording and correcting scores, the
// conversation rubric, lists and time-bucketed summaries in the tenant's time zone. One file per use
// case; this module is the domain's service surface, as the router and other packages import it.
export { archiveConfig, listConfigs, upsertConfig } from "./configs";
export { CONVERSATION_QUALITY, record, scoreConversation } from "./record";
export { get, list } from "./list";
export { remove, update } from "./correct";
export { summary } from "./summary";
