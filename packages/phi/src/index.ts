export { PHI_TYPES } from "./types";
export type {
  MaskOptions,
  MaskStyle,
  PhiAction,
  PhiFinding,
  PhiPolicy,
  PhiType,
  PolicyOutcome,
} from "./types";
export { detectPhi } from "./detect";
export { maskPhi, maskValue, maskedContext } from "./mask";
export { actionFor, evaluatePolicy } from "./policy";
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
  vinCheckCharacter,
  vinValid,
} from "./checksums";
