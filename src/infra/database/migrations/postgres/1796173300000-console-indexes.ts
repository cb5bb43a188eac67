import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The operator console's filters with a million sagas stored: by type (newest first), and by a
 * customer's e-mail, an index on the e-mail inside `search_keys` (the same expression as
 * src/saga/http/email-search-key.ts; written out here, since a migration must not change later).
 */
export class ConsoleIndexes1796173300000 implements MigrationInterface {
    name = 'ConsoleIndexes1796173300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_sagas_type_created" ON "sagas" ("type", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_sagas_email_key" ON "sagas" ((split_part(split_part(search_keys, '|email:', 2), '|', 1)), "created_at", "id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_sagas_email_key"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_sagas_type_created"`);
    }
}
