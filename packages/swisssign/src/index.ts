// @usesync/swisssign: SwissSign RA REST API v2 client and a local simulator of the same API.
export { jwtExpiry } from './client/auth.js';
export type {
  CallOptions,
  SwissSignClientConfig,
  ValidationResult,
  WaitOptions,
} from './client/client.js';
export { normalizeSerial, SwissSignClient } from './client/client.js';
export {
  buildIssueRequest,
  IDEMPOTENCY_TAG_PREFIX,
  idempotencyTag,
  subjectFor,
} from './client/issue-request.js';
export {
  keyAlgorithmFor,
  type PreflightInput,
  type PreflightResult,
  subjectShape,
} from './client/preflight.js';
export {
  type AvailableProduct,
  checkProduct,
  describeProductCheck,
  findProduct,
  type ProductCheck,
  productsOf,
  suggestProduct,
} from './client/products.js';
export type {
  ApiError,
  CertificateOrder,
  CertificateOrderStatus,
  IssuedCertificate,
  IssueInput,
  IssueOutcome,
  IssueRequest,
  ProductKind,
  RaClient,
  RaProduct,
  ResolvedProduct,
  RevocationReasonRequest,
  RevocationRequest,
  RevokeInput,
  SearchCertificateOrder,
  SubjectDefaults,
} from './client/types.js';
export type { SwissSignErrorCode, SwissSignErrorDetails } from './errors.js';
export { parseRetryAfter, SwissSignError } from './errors.js';
export type { components, operations, paths } from './generated/api.generated.js';
export type { BackoffPolicy } from './internal/backoff.js';
export { backoffDelay } from './internal/backoff.js';
export type { TokenBucketOptions } from './internal/rate-limiter.js';
export { TokenBucket } from './internal/rate-limiter.js';
export type { CaMaterial, KeyCheck } from './simulator/ca.js';
export { checkCsrKey, LocalCa, MAX_LEAF_DAYS, SMIME_POLICIES } from './simulator/ca.js';
export type { SimulatorFlags } from './simulator/cli-options.js';
export { SIMULATOR_FLAG_HELP, simulatorBanner, simulatorOptionsFromFlags } from './simulator/cli-options.js';
export type { Progression } from './simulator/engine.js';
export type { FaultOptions, HttpFault, OrderFault } from './simulator/faults.js';
export { FaultTable, parseFaultSpec } from './simulator/faults.js';
export type { SimStats } from './simulator/server.js';
export type { SimulatorHandle, SimulatorOptions, SimulatorProductOptions } from './simulator/start.js';
export { startSimulator } from './simulator/start.js';
export type { SimCertificate, SimOrder, SimProduct, SimRevocation } from './simulator/state.js';
