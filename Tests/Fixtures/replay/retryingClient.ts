// A small HTTP client that retries failed requests with exponential back-off and a per-host circuit breaker.

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryOn: (status: number) => boolean;
}

export const defaultRetryOptions: RetryOptions = {
  attempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  retryOn: (status) => status === 429 || status >= 500,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`HTTP ${status} for ${url}`);
    this.name = "HttpError";
  }
}

type BreakerState = { failures: number; openUntil: number };

export class CircuitBreaker {
  private readonly hosts = new Map<string, BreakerState>();

  constructor(
    private readonly threshold = 5,
    private readonly coolDownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  canRequest(host: string): boolean {
    const state = this.hosts.get(host);
    return state === undefined || state.openUntil <= this.now();
  }

  recordSuccess(host: string): void {
    this.hosts.delete(host);
  }

  recordFailure(host: string): void {
    const state = this.hosts.get(host) ?? { failures: 0, openUntil: 0 };
    state.failures += 1;
    if (state.failures >= this.threshold) {
      state.openUntil = this.now() + this.coolDownMs;
      state.failures = 0;
    }
    this.hosts.set(host, state);
  }
}

export function backoffDelay(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const exponential = options.baseDelayMs * 2 ** attempt;
  const capped = Math.min(options.maxDelayMs, exponential);
  // Full jitter: anywhere between zero and the capped delay.
  return Math.floor(random() * capped);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RetryingClient {
  constructor(
    private readonly options: RetryOptions = defaultRetryOptions,
    private readonly breaker: CircuitBreaker = new CircuitBreaker(),
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const host = new URL(url).host;
    let lastError: unknown;
    for (let attempt = 0; attempt < this.options.attempts; attempt++) {
      if (!this.breaker.canRequest(host)) {
        throw new Error(`circuit open for ${host}`);
      }
      try {
        const response = await this.fetchImpl(url, init);
        if (response.ok) {
          this.breaker.recordSuccess(host);
          return response;
        }
        if (!this.options.retryOn(response.status)) {
          throw new HttpError(response.status, url, await response.text());
        }
        this.breaker.recordFailure(host);
        lastError = new HttpError(response.status, url, await response.text());
        const retryAfter = Number(response.headers.get("Retry-After"));
        if (Number.isFinite(retryAfter) && retryAfter > 0) {
          await sleep(Math.min(retryAfter * 1000, this.options.maxDelayMs));
          continue;
        }
      } catch (error) {
        if (error instanceof HttpError && !this.options.retryOn(error.status)) {
          throw error;
        }
        this.breaker.recordFailure(host);
        lastError = error;
      }
      await sleep(backoffDelay(attempt, this.options));
    }
    throw lastError instanceof Error ? lastError : new Error(`request to ${url} failed`);
  }

  async getJSON<T>(url: string): Promise<T> {
    const response = await this.request(url, { headers: { Accept: "application/json" } });
    return (await response.json()) as T;
  }

  async postJSON<T>(url: string, body: unknown): Promise<T> {
    const response = await this.request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    return (await response.json()) as T;
  }
}
