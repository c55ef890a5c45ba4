export { Pulse, DEFAULT_BASE_URL } from "./client.js";
export type { PulseOptions, RequestOptions, Fetch } from "./client.js";
export { APIPromise } from "./api-promise.js";
export type { WithResponse } from "./api-promise.js";
export { Page, PagePromise } from "./pagination.js";
export type { ListBody } from "./pagination.js";
export type { PulseResponse, RateLimitInfo } from "./response.js";
export {
  PulseError,
  APIError,
  InvalidRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  MethodNotAllowedError,
  ConflictError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ServiceUnavailableError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  WebhookVerificationError,
  ERROR_CLASSES,
} from "./errors.js";
export type { ErrorBody } from "./errors.js";
export { webhooks, verify, verifySignature, isValid, sign, SIGNATURE_HEADER, DEFAULT_TOLERANCE } from "./webhooks.js";
export type { VerifyOptions, WebhookPayload } from "./webhooks.js";
export { EVENT_SCHEMAS } from "./events.js";
export type { PulseEvent, EventDataMap, EventTypeName } from "./events.js";
export {
  Employees,
  StatusLog,
  Kudos as KudosResource,
  WorkloadCheckins,
  Leave as LeaveResource,
  Scores,
  WebhookEndpoints,
  Events,
  EventTypes,
  APIResource,
  isEmployeeChange,
} from "./resources.js";
export { OPERATIONS, API_VERSION } from "./generated.js";
export type * from "./generated.js";
export { VERSION } from "./version.js";
import { Pulse } from "./client.js";
export default Pulse;
