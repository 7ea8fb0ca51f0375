"""Tests of the framework-free KYC engine."""
