import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Hand-written: TypeORM does not compare `withoutRowid` between entities and tables, so
 * `migration:generate` cannot produce this one. The saga history, the saga steps and the
 * sandbox ledger are only ever found by their primary key; as WITHOUT ROWID tables, each row
 * lives in that key's B-tree alone instead of in a rowid table plus a separate key index, so
 * every insert, update and lookup touches one B-tree instead of two.
 */
const TABLES: Array<{ name: string; columns: string; definition: string }> = [
    {
        name: "saga_history",
        columns: `"saga_id", "seq", "at", "type", "step", "data"`,
        definition: `"saga_id" varchar(36) NOT NULL, "seq" integer NOT NULL, "at" bigint NOT NULL, "type" varchar(48) NOT NULL, "step" varchar(32), "data" text NOT NULL, PRIMARY KEY ("saga_id", "seq")`,
    },
    {
        name: "saga_steps",
        columns: `"saga_id", "position", "name", "status", "attempts", "compensation_attempts", "output", "error", "started_at", "finished_at"`,
        definition: `"saga_id" varchar(36) NOT NULL, "position" integer NOT NULL, "name" varchar(32) NOT NULL, "status" varchar(24) NOT NULL, "attempts" integer NOT NULL, "compensation_attempts" integer NOT NULL, "output" text, "error" varchar(500), "started_at" bigint, "finished_at" bigint, PRIMARY KEY ("saga_id", "position")`,
    },
    {
        name: "sandbox_requests",
        columns: `"idempotency_key", "operation", "response", "calls", "created_at"`,
        definition: `"idempotency_key" varchar(200) PRIMARY KEY NOT NULL, "operation" varchar(40) NOT NULL, "response" text NOT NULL, "calls" integer NOT NULL, "created_at" bigint NOT NULL`,
    },
];

async function rebuild(queryRunner: QueryRunner, withoutRowid: boolean): Promise<void> {
    for (const { name, columns, definition } of TABLES) {
        await queryRunner.query(`CREATE TABLE "temporary_${name}" (${definition})${withoutRowid ? " WITHOUT ROWID" : ""}`);
        await queryRunner.query(`INSERT INTO "temporary_${name}"(${columns}) SELECT ${columns} FROM "${name}"`);
        await queryRunner.query(`DROP TABLE "${name}"`);
        await queryRunner.query(`ALTER TABLE "temporary_${name}" RENAME TO "${name}"`);
    }
}

export class WithoutRowid1795680000000 implements MigrationInterface {
    name = 'WithoutRowid1795680000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await rebuild(queryRunner, true);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await rebuild(queryRunner, false);
    }
}
