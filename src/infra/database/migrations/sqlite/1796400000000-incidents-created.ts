import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The incident list, newest first and unfiltered (GET /incidents, the console's incident page):
 * without this index it read and sorted every incident on each request
 * (test/sqlite-query-plans.e2e-spec.ts found it).
 */
export class IncidentsCreated1796400000000 implements MigrationInterface {
    name = 'IncidentsCreated1796400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "IDX_incidents_created" ON "incidents" ("created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_incidents_created"`);
    }
}
