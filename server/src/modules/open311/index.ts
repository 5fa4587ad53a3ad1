// Open311 GeoReport v2 over the 12345 hotline (issue #8 §8), at /open311/v2/ (docs/open311.md).
//   const open311 = createOpen311Module({ database, clock, logger, audit, hotline: hotline.service, reference: reference.repository,
//                                         publicUrl: config.publicUrl, production: config.NODE_ENV === 'production' });
//   modules.push(open311.module); authenticators.push(open311.authenticator);
//   if (config.seedDemoData) await open311.service.seedDemo();   // the documented demo partner key, never in production
import type { AppModule } from '../../app.ts';
import type { Authenticator } from '../../platform/http/access.ts';
import { partnerAuthenticator } from './open311.auth.ts';
import { open311Routes } from './open311.routes.ts';
import { open311ConsoleRoutes } from './open311.console.ts';
import { Open311Service, type Open311Deps } from './open311.service.ts';

export { Open311Service, DEMO_CLIENT, JURISDICTION_ID, MAX_RESULTS, MAX_SPAN_DAYS, type Open311Deps } from './open311.service.ts';
export { partnerAuthenticator, SUBMIT_SCOPE } from './open311.auth.ts';
export { PartnerKeys, type PartnerInput, type PartnerView } from './open311.keys.ts';
export { w3 } from './open311.presenter.ts';

export interface Open311Module {
  module: AppModule;
  service: Open311Service;
  /** partner clients by api_key → { kind: 'partner', clientId, scopes } */
  authenticator: Authenticator;
}

export function createOpen311Module(deps: Open311Deps): Open311Module {
  const service = new Open311Service({ ...deps, logger: deps.logger.child({ module: 'open311' }) });
  return {
    module: {
      name: 'open311',
      tag: { name: 'open311', description: 'Open311 GeoReport v2：12345诉求的开放接口(查询公开、提交需api_key)' },
      routes: async (app) => {
        await open311Routes(service)(app); // /open311/… with the spec's error lists
        await open311ConsoleRoutes(service)(app); // /api/v1/console/open311/… partner keys
      },
    },
    service,
    authenticator: partnerAuthenticator(deps.database),
  };
}
