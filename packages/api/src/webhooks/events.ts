// The webhook event catalogue and payload schemas live in @frontdesk/webhook-events, which the SDK
// bundles too (an integrator's handler is typed and parsed by the same schemas the API emits with).
export * from "@frontdesk/webhook-events";
