/** The scenario format and share links (DESIGN.md section 7): one import for the UI, the sim CLI and tests. */
export {
  MAX_CLUSTER_NODES,
  MAX_DESCRIPTION_BYTES,
  MAX_SCENARIO_STRING_BYTES,
  MAX_SCENARIO_TEXT_BYTES,
  MAX_SCRIPT_STEPS,
  MAX_SPEED,
  MAX_STEP_AT_MS,
  MAX_TITLE_BYTES,
  MIN_SPEED,
  parseScenario,
  SCENARIO_VERSION,
  validateScenario,
  type Scenario,
  type ScenarioInput,
  type ScenarioStep,
} from './scenario';
export {
  CONTROL_PLANE_ACTION_TYPES,
  MAX_ETCD_LATENCY_MS,
  NODE_ACTION_TYPES,
  SCENARIO_ACTION_TYPES,
  type ControlPlaneActionType,
  type NodeActionType,
  type ScenarioAction,
  type ScenarioActionType,
} from './scenario-actions';
export { TAINT_EFFECTS, type NodeLayout, type NodeTaint, type TaintEffect } from './node-layout';
export {
  isScenarioError,
  MAX_CAUSES,
  ScenarioError,
  type ScenarioCause,
  type ScenarioErrorReason,
  type TextPosition,
} from './scenario-error';
export { decodeShareLink, encodeShareLink, SHARE_LINK_MAX_JSON_BYTES, SHARE_LINK_PARAM, sharePayload } from './share-link';
export { DurationError, formatDuration, formatDurationNs, parseDuration, parseDurationNs } from '../api/duration';
