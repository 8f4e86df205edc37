import type { Attributes, Span, Tracer } from "@opentelemetry/api";

/*
 * OpenTelemetry traces of patient turns (issue 25), off unless an OTLP endpoint is configured
 * (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces): then spans go
 * to it over OTLP/HTTP with the standard exporter, in batches. Off, nothing is loaded and each
 * instrumented place costs one check of `activeTracer()`.
 *
 * Attributes never carry patient data: no session id, no flow (a complaint is health data), no
 * answer, no text; only the channel, the kind of message, the database, batch sizes and error codes.
 */

let active: Tracer | undefined;

/** The tracer while tracing is on; undefined when off (callers skip all tracing work). */
export function activeTracer(): Tracer | undefined {
  return active;
}

export interface Tracing {
  /** Where spans are sent. */
  readonly url: string;
  /** Sends the spans ended so far. */
  forceFlush(): Promise<void>;
  /** Sends what is left and turns tracing off. */
  shutdown(): Promise<void>;
}

export interface TracingSettings {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
  OTEL_SERVICE_NAME?: string | undefined;
}

/** Given the settings, returns the OTLP/HTTP traces URL, or undefined when tracing is off. */
export function tracesUrl(settings: TracingSettings): string | undefined {
  if (settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (settings.OTEL_EXPORTER_OTLP_ENDPOINT) return `${settings.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
  return undefined;
}

/**
 * Given the settings, starts tracing (the SDK is imported only then) and returns its handle, or
 * undefined when no endpoint is set. The context of a turn follows its awaits (AsyncLocalStorage),
 * so the store's commit span finds the turn span it belongs to.
 */
export async function startTracing(settings: TracingSettings): Promise<Tracing | undefined> {
  const url = tracesUrl(settings);
  if (!url) return undefined;
  const [api, { TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, { resourceFromAttributes }] =
    await Promise.all([
      import("@opentelemetry/api"),
      import("@opentelemetry/sdk-trace"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/resources"),
    ]);
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": settings.OTEL_SERVICE_NAME ?? "triage" }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
  api.trace.setGlobalTracerProvider(provider);
  active = provider.getTracer("triage");
  return {
    url,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      active = undefined;
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
    },
  };
}

/**
 * Given a span name, attributes and work, runs the work inside a new active span (tracing on) and
 * ends it with the work, recording a coded failure; off, just runs the work. `startTime` (epoch
 * ms) starts the span earlier than now, e.g. when the frame arrived.
 */
export async function traced<T>(name: string, attributes: Attributes, work: (span: Span | undefined) => Promise<T>, startTime?: number): Promise<T> {
  const tracer = active;
  if (!tracer) return work(undefined);
  return tracer.startActiveSpan(name, { attributes, ...(startTime === undefined ? {} : { startTime }) }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      span.setAttribute("triage.error.code", typeof code === "string" ? code : "internal");
      span.setStatus({ code: 2 });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Given a span name and attributes, records a step that took no time of its own (tracing on), as a
 * child of the active span: e.g. a turn's session taken from the process's cache instead of read.
 */
export function instantSpan(name: string, attributes: Attributes): void {
  active?.startSpan(name, { attributes }).end();
}
