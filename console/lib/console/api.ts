/**
 * The result of a console API call: the JSON body, or the coded error the server returned with its
 * text in the reader's language (`message`, from the one table, bot/errorTexts.ts); no text when
 * the server could not be reached or did not answer in JSON.
 */
export type ApiResult<T> = { ok: true; data: T } | ApiFailure;
export type ApiFailure = { ok: false; status: number; code: string; message?: string; details: Record<string, unknown> };

/** Sends JSON to a console API route (same origin, the session cookie goes with it). */
export async function sendJson<T = unknown>(
  method: "POST" | "PUT" | "DELETE",
  url: string,
  body: unknown = {},
  options: { keepalive?: boolean } = {},
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    const headers = { "content-type": "application/json", accept: "application/json" };
    response = await fetch(url, { method, headers, body: JSON.stringify(body), ...options });
  } catch {
    return { ok: false, status: 0, code: "NETWORK", details: {} };
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, data: json as T };
  return {
    ok: false,
    status: response.status,
    code: typeof json.code === "string" ? json.code : "HTTP_" + response.status,
    ...(typeof json.message === "string" ? { message: json.message } : {}),
    details: (json.details as Record<string, unknown>) ?? {},
  };
}

/** POSTs JSON to a console API route; `keepalive`: the request completes even if the page is left meanwhile (a small body only). */
export function postJson<T = unknown>(url: string, body: unknown = {}, options: { keepalive?: boolean } = {}): Promise<ApiResult<T>> {
  return sendJson<T>("POST", url, body, options);
}
