import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

// Connections are reused: a relay running hundreds of streams must not pay a handshake per call.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * POSTs a JSON body and resolves with the response once its headers are in, whatever the status.
 * Aborting the signal destroys the request (and its response).
 */
export function postJson(url: URL, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        signal,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      resolve,
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The body of a short answer (an error), as text, cut at `limit` characters. */
export async function readText(response: IncomingMessage, limit = 64 * 1024): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const part of response as AsyncIterable<string>) {
    text += part;
    if (text.length >= limit) {
      response.destroy();
      break;
    }
  }
  return text.slice(0, limit);
}
