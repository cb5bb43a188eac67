import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The operator console's filters with a million sagas stored: by type (newest first), and by a
 * customer's e-mail, an index on the e-mail inside `search_keys` (the same expression as
 * src/saga/http/email-search-key.ts; written out here, since a migration must not change later).
 * The type index is on `lower(type)`, which only the list's filter spells: on a plain `type`
 * column SQLite's planner (no statistics) preferred it to IDX_sagas_wake_at for the scheduler's
 * `wake_at <= ? AND type = ?` poll and read every saga of the type five times a second.
 */
export class ConsoleIndexes1796173300000 implements MigrationInterface {
    name = 'ConsoleIndexes1796173300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_sagas_type_created" ON "sagas" ((lower("type")), "created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_email_key" ON "sagas" ((CASE WHEN instr(search_keys, '|email:') > 0 THEN substr(search_keys, instr(search_keys, '|email:') + 7, instr(substr(search_keys, instr(search_keys, '|email:') + 7), '|') - 1) END), "created_at", "id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_sagas_email_key"`);
        await queryRunner.query(`DROP INDEX "IDX_sagas_type_created"`);
    }
}
