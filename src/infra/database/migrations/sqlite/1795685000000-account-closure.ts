import { MigrationInterface, QueryRunner } from "typeorm";

export class AccountClosure1795685000000 implements MigrationInterface {
    name = 'AccountClosure1795685000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "UQ_users_live_email"`);
        await queryRunner.query(`CREATE TABLE "temporary_users" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200), "status" varchar(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "suspension_saga_id" varchar(36), CONSTRAINT "UQ_670ecef088a594c2b808ab1050e" UNIQUE ("saga_id"))`);
        await queryRunner.query(`INSERT INTO "temporary_users"("id", "saga_id", "email", "name", "status", "created_at", "updated_at") SELECT "id", "saga_id", "email", "name", "status", "created_at", "updated_at" FROM "users"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_live_email" ON "users" ("email") WHERE status <> 'DELETED'`);
        await queryRunner.query(`DROP INDEX "IDX_payments_user"`);
        await queryRunner.query(`CREATE TABLE "temporary_payments" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "charge_key" varchar(120) NOT NULL, "amount_cents" integer NOT NULL, "currency" varchar(3) NOT NULL, "payment_method" varchar(64) NOT NULL, "receipt_email" varchar(254) NOT NULL, "status" varchar(16) NOT NULL, "provider_charge_id" varchar(64), "decline_code" varchar(64), "refund_id" varchar(64), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "refund_key" varchar(200), CONSTRAINT "UQ_21af05f6e7936dee4ff2456a6e2" UNIQUE ("charge_key"), CONSTRAINT "UQ_3bb24f2734837ab6c7d787c45c4" UNIQUE ("refund_key"))`);
        await queryRunner.query(`INSERT INTO "temporary_payments"("id", "saga_id", "user_id", "charge_key", "amount_cents", "currency", "payment_method", "receipt_email", "status", "provider_charge_id", "decline_code", "refund_id", "created_at", "updated_at") SELECT "id", "saga_id", "user_id", "charge_key", "amount_cents", "currency", "payment_method", "receipt_email", "status", "provider_charge_id", "decline_code", "refund_id", "created_at", "updated_at" FROM "payments"`);
        await queryRunner.query(`DROP TABLE "payments"`);
        await queryRunner.query(`ALTER TABLE "temporary_payments" RENAME TO "payments"`);
        await queryRunner.query(`CREATE INDEX "IDX_payments_user" ON "payments" ("user_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "IDX_payments_user"`);
        await queryRunner.query(`ALTER TABLE "payments" RENAME TO "temporary_payments"`);
        await queryRunner.query(`CREATE TABLE "payments" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "user_id" varchar(36) NOT NULL, "charge_key" varchar(120) NOT NULL, "amount_cents" integer NOT NULL, "currency" varchar(3) NOT NULL, "payment_method" varchar(64) NOT NULL, "receipt_email" varchar(254) NOT NULL, "status" varchar(16) NOT NULL, "provider_charge_id" varchar(64), "decline_code" varchar(64), "refund_id" varchar(64), "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_21af05f6e7936dee4ff2456a6e2" UNIQUE ("charge_key"))`);
        await queryRunner.query(`INSERT INTO "payments"("id", "saga_id", "user_id", "charge_key", "amount_cents", "currency", "payment_method", "receipt_email", "status", "provider_charge_id", "decline_code", "refund_id", "created_at", "updated_at") SELECT "id", "saga_id", "user_id", "charge_key", "amount_cents", "currency", "payment_method", "receipt_email", "status", "provider_charge_id", "decline_code", "refund_id", "created_at", "updated_at" FROM "temporary_payments"`);
        await queryRunner.query(`DROP TABLE "temporary_payments"`);
        await queryRunner.query(`CREATE INDEX "IDX_payments_user" ON "payments" ("user_id") `);
        await queryRunner.query(`DROP INDEX "UQ_users_live_email"`);
        await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
        await queryRunner.query(`CREATE TABLE "users" ("id" varchar(36) PRIMARY KEY NOT NULL, "saga_id" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200), "status" varchar(16) NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, CONSTRAINT "UQ_670ecef088a594c2b808ab1050e" UNIQUE ("saga_id"))`);
        await queryRunner.query(`INSERT INTO "users"("id", "saga_id", "email", "name", "status", "created_at", "updated_at") SELECT "id", "saga_id", "email", "name", "status", "created_at", "updated_at" FROM "temporary_users"`);
        await queryRunner.query(`DROP TABLE "temporary_users"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_live_email" ON "users" ("email") WHERE status <> 'DELETED'`);
    }

}
