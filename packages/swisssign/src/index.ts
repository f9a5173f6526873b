// @usesync/swisssign: SwissSign RA REST API v2 client and a local simulator of the same API.
export { jwtExpiry } from './client/auth.js';
export type { CallOptions, SwissSignClientConfig, ValidationResult, WaitOptions } from './client/client.js';
export { normalizeSerial, SwissSignClient } from './client/client.js';
export {
  buildIssueRequest,
  IDEMPOTENCY_TAG_PREFIX,
  idempotencyTag,
  subjectFor,
} from './client/issue-request.js';
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
} from './client/types.js';
export type { SwissSignErrorCode, SwissSignErrorDetails } from './errors.js';
export { SwissSignError } from './errors.js';
export type { components, operations, paths } from './generated/api.generated.js';
export type { BackoffPolicy } from './internal/backoff.js';
export { backoffDelay } from './internal/backoff.js';
export type { TokenBucketOptions } from './internal/rate-limiter.js';
export { TokenBucket } from './internal/rate-limiter.js';
