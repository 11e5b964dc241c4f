"""An index for the overview's "Største beløp" sort over everything a national user sees."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("web", "0003_sokevektor")]  # noqa: RUF012
    operations = [  # noqa: RUF012
        migrations.AddIndex(
            model_name="behovsmelding",
            index=models.Index(fields=["-sum_totalt", "-id"], name="web_bm_sum_totalt_id"),
        )
    ]
