import helmet from 'helmet';

/**
 * Security headers (helmet): a content security policy fit for the SPA (its own
 * scripts and styles, inline style attributes for the charts, data: images,
 * same-origin fetch / WebSocket / EventSource), no MIME sniffing, no framing.
 * No HSTS and no upgrade-insecure-requests: the server speaks plain HTTP and is
 * put behind TLS by whoever exposes it.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: 'deny' },
  });
}
