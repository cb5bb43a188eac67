import { MigrationInterface, QueryRunner } from "typeorm";

export class AccountClosure1795685000000 implements MigrationInterface {
    name = 'AccountClosure1795685000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payments" ADD "refund_key" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "payments" ADD CONSTRAINT "UQ_cd38d56a1defffeace5e4ae8377" UNIQUE ("refund_key")`);
        await queryRunner.query(`ALTER TABLE "users" ADD "suspension_saga_id" character varying(36)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "suspension_saga_id"`);
        await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "UQ_cd38d56a1defffeace5e4ae8377"`);
        await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "refund_key"`);
    }

}
