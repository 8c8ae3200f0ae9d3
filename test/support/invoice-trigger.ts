import type { DataSource } from 'typeorm';

/**
 * A test's failure-injection trigger on issuance.invoices (the table is shared by every test
 * file of the run). Creating and dropping a trigger locks the partitioned table and then each
 * partition, while a concurrent audit job locks its partition first and the parent later, so
 * the DDL can end in a deadlock (40P01) that has nothing to do with the test: it is retried.
 */
export async function addInvoiceTrigger(db: DataSource, name: string, functionName: string): Promise<void> {
  await retryOnDeadlock(() =>
    db.query(`CREATE TRIGGER ${name} BEFORE INSERT ON issuance.invoices
              FOR EACH ROW EXECUTE FUNCTION ${functionName}()`),
  );
}

export async function dropInvoiceTrigger(db: DataSource, name: string): Promise<void> {
  await retryOnDeadlock(() => db.query(`DROP TRIGGER ${name} ON issuance.invoices`));
}

async function retryOnDeadlock(ddl: () => Promise<unknown>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ddl();
      return;
    } catch (err) {
      const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code;
      if (code !== '40P01' || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}
