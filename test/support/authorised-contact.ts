/** A running contract of `accountId` with `contactId` authorised on it: what a customer key needs to be created. */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

export async function authoriseContact(
  app: Pick<INestApplication, 'getHttpServer'>,
  adminKey: string,
  accountId: string,
  contactId: string,
): Promise<string> {
  const signed = await request(app.getHttpServer())
    .post('/v1/contracts')
    .auth(adminKey, { type: 'bearer' })
    .send({ accountId, planId: 'beesender-business', startsAt: '2026-01-01T00:00:00Z' })
    .expect(201);
  await request(app.getHttpServer())
    .post(`/v1/contracts/${signed.body.id}/contacts`)
    .auth(adminKey, { type: 'bearer' })
    .send({ contactId, name: contactId, email: `${contactId.replace(/[^a-z0-9.-]/gi, '')}@example.com` })
    .expect(201);
  return signed.body.id as string;
}
