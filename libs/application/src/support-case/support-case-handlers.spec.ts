import { CaseNotFound, ContactNotAuthorised, NoTamAssigned, TamProfile } from '@caseledger/domain';
import { MemoryEventStore } from '@caseledger/event-store';
import { ManualClock } from '../clock/clock';
import { AddAuthorisedContact } from '../contract/add-authorised-contact/add-authorised-contact.command';
import { AddAuthorisedContactHandler } from '../contract/add-authorised-contact/add-authorised-contact.handler';
import { RevokeAuthorisedContact } from '../contract/revoke-authorised-contact/revoke-authorised-contact.command';
import { RevokeAuthorisedContactHandler } from '../contract/revoke-authorised-contact/revoke-authorised-contact.handler';
import { SignContract } from '../contract/sign-contract/sign-contract.command';
import { SignContractHandler } from '../contract/sign-contract/sign-contract.handler';
import { UuidV7Generator } from '../ids/uuid-v7';
import { AssignTam } from '../tam-assignment/assign-tam/assign-tam.command';
import { AssignTamHandler } from '../tam-assignment/assign-tam/assign-tam.handler';
import { ReassignTam } from '../tam-assignment/reassign-tam/reassign-tam.command';
import { ReassignTamHandler } from '../tam-assignment/reassign-tam/reassign-tam.handler';
import { AggregateRepository } from '../write-path/aggregate-repository';
import { MemoryPersonalDataKeys } from '../personal-data/personal-data-keys';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import type { CommandContext } from '../write-path/command-context';
import { DomainEventCodec } from '../write-path/domain-event-codec';
import { EscalateCase } from './escalate-case/escalate-case.command';
import { EscalateCaseHandler } from './escalate-case/escalate-case.handler';
import { GetCase } from './get-case/get-case.query';
import { GetCaseHandler } from './get-case/get-case.handler';
import { OpenCase } from './open-case/open-case.command';
import { OpenCaseHandler } from './open-case/open-case.handler';
import { ProposeResolution } from './propose-resolution/propose-resolution.command';
import { ProposeResolutionHandler } from './propose-resolution/propose-resolution.handler';
import { AcceptResolution } from './accept-resolution/accept-resolution.command';
import { AcceptResolutionHandler } from './accept-resolution/accept-resolution.handler';
import { RespondToCase } from './respond-to-case/respond-to-case.command';
import { RespondToCaseHandler } from './respond-to-case/respond-to-case.handler';

const admin: CommandContext = { actor: { id: 'admin-key', role: 'admin' }, correlationId: 'c-admin' };
const agent: CommandContext = { actor: { id: 'agent-7', role: 'agent' }, correlationId: 'c-agent' };
const customer = (accountId: string, contactId: string): CommandContext => ({
  actor: { id: contactId, role: 'customer' },
  correlationId: `c-${contactId}`,
  scope: { accountId, contactId },
});

const workingHours = {
  timeZone: 'Europe/London',
  weekly: { mon: [{ from: '09:00', to: '17:00' }] },
} as TamProfile['workingHours'];
const tam = (id: string): TamProfile => ({
  id,
  name: id,
  phone: '+44 20 7946 0000',
  email: `${id}@vendor.example`,
  workingHours,
});

function setUp() {
  const clock = new ManualClock('2026-04-02T13:30:00Z');
  const store = new MemoryEventStore();
  const ids = new UuidV7Generator(clock);
  const repository = new AggregateRepository(
    store,
    new DomainEventCodec(),
    ids,
    new PersonalDataVault(new MemoryPersonalDataKeys()),
  );
  const handlers = {
    sign: new SignContractHandler(repository, clock, ids),
    addContact: new AddAuthorisedContactHandler(repository, clock),
    revokeContact: new RevokeAuthorisedContactHandler(repository, clock),
    assignTam: new AssignTamHandler(repository, clock),
    reassignTam: new ReassignTamHandler(repository, clock),
    open: new OpenCaseHandler(repository, clock, ids),
    respond: new RespondToCaseHandler(repository, clock),
    escalate: new EscalateCaseHandler(repository, clock),
    propose: new ProposeResolutionHandler(repository, clock),
    accept: new AcceptResolutionHandler(repository, clock),
    get: new GetCaseHandler(repository, clock),
  };
  const eventCount = async () => (await store.readAll()).length;

  async function beesenderCase(): Promise<string> {
    const { contractId } = await handlers.sign.execute(
      new SignContract(
        {
          accountId: 'acme',
          planId: 'beesender-business',
          serviceTimeZone: 'gmt+3',
          startsAt: clock.now().minus({ days: 30 }),
        },
        admin,
      ),
    );
    await handlers.addContact.execute(
      new AddAuthorisedContact(contractId, { contactId: 'olga', name: 'Olga', email: 'olga@acme.example' }, admin),
    );
    const { caseId } = await handlers.open.execute(
      new OpenCase(
        {
          contractId,
          channel: 'portal',
          subject: 'Chats are not created',
          description: '1. open the widget 2. no chat',
          category: 'incident',
          priority: 'P2',
          criticality: 'nonCritical',
        },
        customer('acme', 'olga'),
      ),
    );
    return caseId;
  }

  return {
    clock,
    handlers,
    eventCount,
    beesenderCase,
    contractIdOf: async (caseId: string) => (await handlers.get.execute(new GetCase(caseId, {}))).view.contractId,
  };
}

describe('support case use cases', () => {
  it('an escalation to the TAM records whoever holds the account assignment at that instant', async () => {
    const { clock, handlers, beesenderCase } = setUp();
    const caseId = await beesenderCase();
    await handlers.assignTam.execute(new AssignTam('acme', { tam: tam('tam-ada') }, admin));
    clock.advance({ minutes: 10 });
    await handlers.escalate.execute(
      new EscalateCase(caseId, { to: 'tam', reason: 'customer asks for the account manager' }, agent),
    );
    clock.advance({ minutes: 10 });
    await handlers.reassignTam.execute(new ReassignTam('acme', { tam: tam('tam-grace') }, admin));
    clock.advance({ minutes: 10 });
    await handlers.escalate.execute(
      new EscalateCase(caseId, { to: 'tam', reason: 'still stuck' }, customer('acme', 'olga')),
    );

    const { view } = await handlers.get.execute(new GetCase(caseId, {}));
    expect(view.escalations.map((e) => [e.to, e.tamId, e.at])).toEqual([
      ['tam', 'tam-ada', '2026-04-02T13:40:00.000Z'],
      ['tam', 'tam-grace', '2026-04-02T14:00:00.000Z'],
    ]);
  });

  it('an escalation to the TAM of an account without one is refused and writes nothing', async () => {
    const { handlers, eventCount, beesenderCase } = setUp();
    const caseId = await beesenderCase();
    const before = await eventCount();
    await expect(
      handlers.escalate.execute(new EscalateCase(caseId, { to: 'tam', reason: 'help' }, agent)),
    ).rejects.toBeInstanceOf(NoTamAssigned);
    expect(await eventCount()).toBe(before);
  });

  it('a customer acts on the customer side, and only while still an authorised contact of the contract', async () => {
    const { clock, handlers, eventCount, beesenderCase, contractIdOf } = setUp();
    const caseId = await beesenderCase();
    clock.advance({ minutes: 5 });
    await handlers.respond.execute(new RespondToCase(caseId, { message: 'Looking into it' }, agent));
    await handlers.propose.execute(new ProposeResolution(caseId, { summary: 'webhook re-registered' }, agent));
    await handlers.revokeContact.execute(
      new RevokeAuthorisedContact(await contractIdOf(caseId), { contactId: 'olga' }, admin),
    );
    const before = await eventCount();

    await expect(
      handlers.accept.execute(new AcceptResolution(caseId, {}, customer('acme', 'olga'))),
    ).rejects.toBeInstanceOf(ContactNotAuthorised);
    expect(await eventCount()).toBe(before);
  });

  it('the vendor proposes and the customer accepts: the case is mutually resolved', async () => {
    const { clock, handlers, beesenderCase } = setUp();
    const caseId = await beesenderCase();
    clock.advance({ minutes: 5 });
    await handlers.respond.execute(new RespondToCase(caseId, { message: 'Looking into it' }, agent));
    await handlers.propose.execute(new ProposeResolution(caseId, { summary: 'token rotated' }, agent));
    const result = await handlers.accept.execute(new AcceptResolution(caseId, {}, customer('acme', 'olga')));

    expect(result.eventTypes[0]).toBe('CaseMutuallyResolved');
    const { view } = await handlers.get.execute(new GetCase(caseId, {}));
    expect(view.status).toBe('resolved');
  });

  it('a customer of another account finds neither the case nor the contract, and writes nothing', async () => {
    const { handlers, eventCount, beesenderCase, contractIdOf } = setUp();
    const caseId = await beesenderCase();
    const stranger = customer('globex', 'hank');
    const before = await eventCount();

    await expect(handlers.get.execute(new GetCase(caseId, stranger))).rejects.toBeInstanceOf(CaseNotFound);
    await expect(
      handlers.escalate.execute(new EscalateCase(caseId, { to: 'tier2', reason: 'x' }, stranger)),
    ).rejects.toBeInstanceOf(CaseNotFound);
    await expect(
      handlers.open.execute(
        new OpenCase(
          {
            contractId: await contractIdOf(caseId),
            channel: 'portal',
            subject: 's',
            description: 'd',
            category: 'incident',
            priority: 'P3',
            criticality: 'nonCritical',
          },
          stranger,
        ),
      ),
    ).rejects.toMatchObject({ code: 'contract-not-found' });
    expect(await eventCount()).toBe(before);
  });

  it('a customer key opens cases as its own contact and may not name another one', async () => {
    const { handlers, beesenderCase, contractIdOf } = setUp();
    const contractId = await contractIdOf(await beesenderCase());
    const input = {
      contractId,
      contactId: 'someone-else',
      channel: 'portal',
      subject: 's',
      description: 'd',
      category: 'incident',
      priority: 'P3',
      criticality: 'nonCritical',
    } as const;
    await expect(handlers.open.execute(new OpenCase(input, customer('acme', 'olga')))).rejects.toBeInstanceOf(
      ContactNotAuthorised,
    );
    await expect(handlers.open.execute(new OpenCase({ ...input, contactId: undefined }, agent))).rejects.toBeInstanceOf(
      ContactNotAuthorised,
    );
  });
});
