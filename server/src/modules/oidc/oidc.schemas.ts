import { z } from 'zod';

const uri = z.string().url().max(500);

export const clientBody = z.object({
  name: z.string().trim().min(1).max(60),
  organisation: z.string().trim().min(1).max(120),
  categories: z.array(z.string().max(40)).max(11),
  redirectUris: z.array(uri).min(1).max(10),
  postLogoutRedirectUris: z.array(uri).max(10).default([]),
  backchannelLogoutUri: uri.nullable().optional(),
  contact: z.string().trim().min(1).max(120),
});

export const clientView = z.object({
  clientId: z.string(),
  name: z.string(),
  organisation: z.string(),
  categories: z.array(z.object({ id: z.string(), nameZh: z.string(), fieldsZh: z.array(z.string()) })),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  backchannelLogoutUri: z.string().nullable(),
  contact: z.string(),
  secretRotatedAt: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export const clientList = z.object({ items: z.array(clientView) });
export const clientWithSecret = z.object({ client: clientView, clientSecret: z.string().describe('shown once; only a KEK-wrapped copy is kept') });
export const clientIdParams = z.object({ clientId: z.string().min(1).max(80) });

export const categoryList = z.object({
  items: z.array(z.object({ id: z.string(), scope: z.string(), nameZh: z.string(), purposeZh: z.string(), recipientsZh: z.array(z.string()), claims: z.array(z.string()), fieldsZh: z.array(z.string()) })),
});

export const authorizationList = z.object({
  items: z.array(
    z.object({
      clientId: z.string(),
      name: z.string(),
      organisation: z.string(),
      categoriesZh: z.array(z.string()),
      fieldsZh: z.array(z.string()),
      declinedZh: z.array(z.string()),
      grantedAt: z.string().nullable(),
    }),
  ),
});
export const revocationView = z.object({
  deleted: z.number(),
  clients: z.array(z.object({ clientId: z.string(), backchannel: z.enum(['delivered', 'retrying', 'failed', 'not-registered']) })),
});
