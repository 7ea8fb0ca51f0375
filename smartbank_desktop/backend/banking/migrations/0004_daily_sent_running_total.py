"""The daily limit's running total on each account, filled in from today's transfers.

Run it with the web processes stopped (as every migration here): a transfer made while it runs would be
missing from the total. Only today counts: a total of an earlier day is nothing to the limit.
"""

from datetime import datetime, time, timedelta

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F, Sum
from django.utils import timezone


def backfill(apps, schema_editor):
    """Each customer account's running total: what it sent to other customers' accounts today."""
    Account = apps.get_model("banking", "Account")
    Transfer = apps.get_model("banking", "Transfer")
    db = schema_editor.connection.alias
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    sent = (Transfer.objects.using(db)
            .filter(kind="transfer", created_at__gte=start, created_at__lt=start + timedelta(days=1),
                    from_account__customer__isnull=False)
            .exclude(to_account__customer=F("from_account__customer"))
            .values("from_account").annotate(total=Sum("amount_paise")))
    for row in sent:
        Account.objects.using(db).filter(pk=row["from_account"]).update(
            daily_sent_on=today, daily_sent_paise=row["total"])


class Migration(migrations.Migration):

    dependencies = [
        ('banking', '0003_person_names'),
        ('customers', '0004_person_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='account',
            name='daily_sent_on',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='account',
            name='daily_sent_paise',
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AlterField(
            model_name='transfer',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.CheckConstraint(condition=models.Q(('daily_sent_paise__gte', 0)), name='daily_sent_not_negative'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
