using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Brokerage.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProviderApiKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ProviderId",
                table: "ApiClients",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiClients_ProviderId",
                table: "ApiClients",
                column: "ProviderId");

            migrationBuilder.AddForeignKey(
                name: "FK_ApiClients_Providers_ProviderId",
                table: "ApiClients",
                column: "ProviderId",
                principalTable: "Providers",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ApiClients_Providers_ProviderId",
                table: "ApiClients");

            migrationBuilder.DropIndex(
                name: "IX_ApiClients_ProviderId",
                table: "ApiClients");

            migrationBuilder.DropColumn(
                name: "ProviderId",
                table: "ApiClients");
        }
    }
}
