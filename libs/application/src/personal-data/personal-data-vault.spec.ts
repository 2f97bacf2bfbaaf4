import { ERASED } from '@caseledger/domain';
import { MemoryPersonalDataKeys } from './personal-data-keys';
import { PersonalDataVault } from './personal-data-vault';

const contactAdded = (contactId: string, name: string) => ({
  type: 'AuthorisedContactAdded',
  data: {
    contractId: 'k-1',
    contact: { contactId, name, email: `${contactId}@acme.example`, phone: null },
    at: '2026-01-02T10:00:00.000Z',
  },
});

const hotlineCall = {
  type: 'HotlineCallLogged',
  data: {
    caseId: 'case-1',
    vitalInformation: {
      company: 'Acme',
      contactName: 'Olga Petrova',
      phone: '+44 20 7946 0000',
      email: 'olga@acme.example',
      description: 'Sends fail',
    },
    at: '2026-01-03T10:00:00.000Z',
  },
};

describe('the personal data of contacts', () => {
  it('is stored sealed: no name, email or phone in the stored JSON, and each field says whose it is', async () => {
    const vault = new PersonalDataVault(new MemoryPersonalDataKeys());
    const [added, call] = await vault.seal([contactAdded('olga', 'Olga Petrova'), hotlineCall], () => ({
      contractId: 'k-1',
      contactId: 'olga',
    }));
    const stored = JSON.stringify([added, call]);
    for (const plain of ['Olga Petrova', 'olga@acme.example', '+44 20 7946 0000']) expect(stored).not.toContain(plain);
    expect(added.data).toMatchObject({
      contact: { contactId: 'olga', name: { $pii: { contact: 'olga' } }, phone: null },
    });
    expect(call.data).toMatchObject({ vitalInformation: { company: 'Acme', description: 'Sends fail' } });
    expect(await vault.reveal([added, call])).toEqual([contactAdded('olga', 'Olga Petrova'), hotlineCall]);
  });

  it("reads as erased once the contact's key is destroyed, and only that contact's", async () => {
    const vault = new PersonalDataVault(new MemoryPersonalDataKeys());
    const stored = await vault.seal([contactAdded('olga', 'Olga Petrova'), contactAdded('ivan', 'Ivan Sidorov')]);
    await vault.erase({ contractId: 'k-1', contactId: 'olga' });
    const [olga, ivan] = await vault.reveal(stored);
    expect(olga.data.contact).toEqual({ contactId: 'olga', name: ERASED, email: ERASED, phone: null });
    expect(ivan).toEqual(contactAdded('ivan', 'Ivan Sidorov'));
  });

  it('stays erased when the contact is authorised again and gets a new key', async () => {
    const vault = new PersonalDataVault(new MemoryPersonalDataKeys());
    const [before] = await vault.seal([contactAdded('olga', 'Olga Petrova')]);
    await vault.erase({ contractId: 'k-1', contactId: 'olga' });
    const [after] = await vault.seal([contactAdded('olga', 'Olga Ivanova')]);
    const [oldRead, newRead] = await vault.reveal([before, after]);
    expect(oldRead.data.contact.name).toBe(ERASED);
    expect(newRead.data.contact.name).toBe('Olga Ivanova');
  });

  it('refuses a sealed field that was altered, rather than showing it as erased', async () => {
    const vault = new PersonalDataVault(new MemoryPersonalDataKeys());
    const [added] = await vault.seal([contactAdded('olga', 'Olga Petrova')]);
    const sealed = added.data.contact.name as unknown as { $pii: { ct: string } };
    const bytes = Buffer.from(sealed.$pii.ct, 'base64');
    bytes[0] ^= 1;
    sealed.$pii.ct = bytes.toString('base64');
    await expect(vault.reveal([added])).rejects.toThrow('does not decrypt');
  });

  it('leaves events without personal data, and data stored in clear before sealing began, as they are', async () => {
    const vault = new PersonalDataVault(new MemoryPersonalDataKeys());
    const responded = { type: 'CaseResponded', data: { caseId: 'case-1', agentId: 'kim', message: 'hi', at: 'x' } };
    expect(await vault.seal([responded])).toEqual([responded]);
    expect(await vault.reveal([responded, contactAdded('olga', 'Olga Petrova')])).toEqual([
      responded,
      contactAdded('olga', 'Olga Petrova'),
    ]);
  });
});
