using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegistrationWhenPlaced : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Registration",
                table: "Placements",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Registration",
                table: "ApprovalRequests",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            // Records made before this column knew only the directory's registration: keep that one.
            migrationBuilder.Sql("""UPDATE "Placements" SET "Registration" = (SELECT s."Registration" FROM "Settings" s WHERE s."Id" = "Placements"."SettingId")""");
            migrationBuilder.Sql("""UPDATE "ApprovalRequests" SET "Registration" = (SELECT s."Registration" FROM "Settings" s WHERE s."Id" = "ApprovalRequests"."SettingId")""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Registration",
                table: "Placements");

            migrationBuilder.DropColumn(
                name: "Registration",
                table: "ApprovalRequests");
        }
    }
}
