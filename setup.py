# Reads settings.ini, as nbdev's template does; written by hand because nbdev_new needs the network.
from configparser import ConfigParser
import setuptools, shlex

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

expected = 'version description keywords author author_email'.split()
missing = [o for o in expected if o not in cfg]
if missing: raise ValueError(f"settings.ini is missing: {', '.join(missing)}")

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable', '6 - Mature', '7 - Inactive']
py_versions = '3.10 3.11 3.12'.split()

requirements = shlex.split(cfg.get('requirements', ''))
dev_requirements = shlex.split(cfg.get('dev_requirements', ''))
mpnet_requirements = shlex.split(cfg.get('mpnet_requirements', ''))
min_python = cfg['min_python']
lic = licenses[cfg['license']]

setuptools.setup(
    name=cfg['lib_name'],
    license=lic[0],
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'License :: ' + lic[1],
                 'Natural Language :: ' + cfg['language'].title()]
                + ['Programming Language :: Python :: ' + o for o in py_versions[py_versions.index(min_python):]],
    url=cfg['git_url'],
    # the bundled library, natural queries, judgments and golden dataset ship inside the package (prompt_retrieval/data),
    # so a plain `pip install .` can search; in a checkout `data_dir()` uses data/ itself
    # the web page of `prompt-retrieval serve` (web/) ships the same way, as prompt_retrieval/web
    packages=setuptools.find_packages(include=['prompt_retrieval', 'prompt_retrieval.*']) + ['prompt_retrieval.data', 'prompt_retrieval.web'],
    package_dir={'prompt_retrieval.data': 'data', 'prompt_retrieval.web': 'web'},
    package_data={'prompt_retrieval.data': ['*.jsonl', '*.tsv', '*.json', '*.csv', '*.txt', '*.md', 'golden/*', 'golden/*/*', 'golden/*/*/*'],
                  'prompt_retrieval.web': ['*.html', '*.js', '*.css', '*.svg']},
    include_package_data=True,
    install_requires=requirements,
    extras_require={'dev': dev_requirements, 'mpnet': mpnet_requirements},
    dependency_links=cfg.get('dep_links', '').split(),
    python_requires='>=' + cfg['min_python'],
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={
        'console_scripts': cfg.get('console_scripts', '').split(),
        'nbdev': [f"{cfg.get('lib_path')}={cfg.get('lib_path')}._modidx:d"],
    },
    version=cfg['version'],
    description=cfg['description'],
    keywords=cfg['keywords'],
    author=cfg['author'],
    author_email=cfg['author_email'],
)
