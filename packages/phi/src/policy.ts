import {
  type PhiAction,
  type PhiFinding,
  type PhiPolicy,
  type PhiType,
  type PolicyOutcome,
} from "./types";

export function actionFor(type: PhiType, policy: PhiPolicy): PhiAction {
  return policy.perType?.[type] ?? policy.defaults;
}

/** Block dominates alert dominates mask; types the policy allows are ignored entirely. */
export function evaluatePolicy(findings: readonly PhiFinding[], policy: PhiPolicy): PolicyOutcome {
  let outcome: PolicyOutcome = "allowed";
  for (const f of findings) {
    const action = actionFor(f.type, policy);
    if (action === "block") return "blocked";
    if (action === "alert") outcome = "alerted";
    else if (action === "mask" && outcome === "allowed") outcome = "masked";
  }
  return outcome;
}
