export { PHI_TYPES } from "./types.js";
export type {
  MaskOptions,
  MaskStyle,
  PhiAction,
  PhiFinding,
  PhiPolicy,
  PhiType,
  PolicyOutcome,
} from "./types.js";
export { detectPhi } from "./detect.js";
export { maskPhi, maskValue, maskedContext } from "./mask.js";
export { actionFor, evaluatePolicy } from "./policy.js";
export {
  cardIssuerPlausible,
  deaValid,
  ibanValid,
  ipv4Valid,
  ipv6Valid,
  luhnValid,
  mbiValid,
  npiValid,
  ssnValid,
  vinValid,
} from "./checksums.js";
