/** GET /health: a cheap ping that touches no dependency. */
export async function handler() {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      status: 'ok',
      version: process.env.APP_VERSION ?? 'dev',
      time: new Date().toISOString(),
    }),
  };
}
