import { MemoryStaffDialogStore, MemoryStaffStore } from '../../support/memory-staff-store';
import { campaign } from '../../support/staff-fixture';
import { staffDialogStoreContract, staffStoreContract } from '../../support/staff-store-contract';

staffStoreContract('memory', campaign, async () => ({ store: new MemoryStaffStore(campaign), cleanup: async () => undefined }));
staffDialogStoreContract('memory', async () => ({ store: new MemoryStaffDialogStore(), cleanup: async () => undefined }));
