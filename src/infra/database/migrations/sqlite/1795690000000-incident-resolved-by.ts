import { MigrationInterface, QueryRunner } from "typeorm";

/** Who resolved an incident by hand: the API key's name (hand-written: a plain ADD COLUMN, no table rebuild). */
export class IncidentResolvedBy1795690000000 implements MigrationInterface {
    name = 'IncidentResolvedBy1795690000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incidents" ADD "resolved_by" varchar(64)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "incidents" DROP COLUMN "resolved_by"`);
    }

}
