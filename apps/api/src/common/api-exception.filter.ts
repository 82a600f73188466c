import {
  CommitFailedError,
  IdempotencyConflictError,
  InvalidTelemetryError,
  OtlpDecodeError,
  QueueFullError,
  ShuttingDownError,
  StorageUnavailableError,
  TooManyServicesError,
} from '@app/ingestion';
import { InvalidGateRequestError, UnknownDeploymentError } from '@app/gate';
import { UnknownEndpointError, UnknownServiceError } from '@app/health';
import { MetricsService, RequestRejectReason } from '@app/metrics';
import { DRIFT_CONFIG, DriftConfig } from '@app/config';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  more_messages?: number;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Owns the error JSON: `{statusCode, error, message}` for every failure. Domain errors from the
 * libs (which import nothing from Nest) get their status here; anything unexpected becomes a
 * logged 500 with no stack trace in the body.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  constructor(
    @Optional() private readonly metrics?: MetricsService,
    @Optional() @Inject(DRIFT_CONFIG) private readonly config?: DriftConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = this.capMessages(this.toBody(exception, response));
    const request = http.getRequest<Request>();
    // Samples sent and refused; a refused read (GET /v1/telemetry/{id}) is not a lost sample.
    if (this.metrics && request.method === 'POST' && request.path.startsWith('/v1/telemetry')) {
      this.metrics.countRejectedRequest(rejectReason(exception, body.statusCode));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, response: Response): ErrorBody {
    if (exception instanceof InvalidTelemetryError) return this.body(400, exception.messages);
    if (exception instanceof OtlpDecodeError) return this.body(400, exception.message);
    if (exception instanceof UnknownServiceError) return this.body(404, exception.message);
    if (exception instanceof UnknownEndpointError) return this.body(404, exception.message);
    if (exception instanceof TooManyServicesError) return this.body(429, exception.message);
    if (exception instanceof IdempotencyConflictError) return this.body(422, exception.message);
    if (exception instanceof UnknownDeploymentError) return this.body(404, exception.message);
    if (exception instanceof InvalidGateRequestError) return this.body(400, exception.messages);
    if (exception instanceof StorageUnavailableError) {
      // The worker logs the failed commit once; one line per waiting request would flood the log.
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      return this.body(503, exception.message);
    }
    if (exception instanceof QueueFullError || exception instanceof ShuttingDownError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      return this.body(503, exception.message);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      const message = typeof res === 'string' ? res : ((res as { message?: string | string[] }).message ?? exception.message);
      return { statusCode: status, error: REASON[status] ?? HttpStatus[status] ?? 'Error', message };
    }
    // body-parser errors (malformed JSON, body too large) carry an HTTP status of their own.
    const status = (exception as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      const message =
        type === 'entity.too.large'
          ? 'Request body is larger than the configured limit (DRIFTWATCH_BODY_LIMIT_KB)'
          : type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : String((exception as Error).message);
      return this.body(status, message);
    }
    if (exception instanceof CommitFailedError) this.logger.error(exception.message);
    else this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return this.body(500, 'Internal server error');
  }

  /**
   * A body with thousands of bad fields (1.7 MB of unknown keys gave 150 000 messages) must not
   * become a response larger than the request: the first ERROR_MAX_MESSAGES are kept, the rest counted.
   */
  private capMessages(body: ErrorBody): ErrorBody {
    const max = this.config?.errorMaxMessages;
    if (max === undefined || !Array.isArray(body.message) || body.message.length <= max) return body;
    return { ...body, message: body.message.slice(0, max), more_messages: body.message.length - max };
  }

  private body(statusCode: number, message: string | string[]): ErrorBody {
    return { statusCode, error: REASON[statusCode] ?? 'Error', message };
  }
}

/** The `reason` label of driftwatch_telemetry_requests_rejected_total for a failed telemetry request. */
function rejectReason(exception: unknown, status: number): RequestRejectReason {
  if (exception instanceof QueueFullError) return 'queue_full';
  if (exception instanceof ShuttingDownError) return 'shutting_down';
  if (exception instanceof CommitFailedError || exception instanceof StorageUnavailableError) return 'commit_failed';
  if (exception instanceof InvalidTelemetryError) return 'invalid';
  if (exception instanceof TooManyServicesError) return 'too_many_services';
  if (exception instanceof IdempotencyConflictError) return 'idempotency_conflict';
  if (status === 413) return 'body_too_large';
  // Nest turns body-parser's SyntaxError into a plain 400 before any handler runs; the telemetry
  // handlers themselves only fail with the domain errors above.
  if (status === 400) return 'malformed_json';
  return status >= 500 ? 'internal_error' : 'invalid';
}
